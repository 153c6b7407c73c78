# A misspelled command.
f(x) = x^2
decend f from 1
