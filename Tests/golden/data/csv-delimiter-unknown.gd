# load's delimiter is one character among ',', ';', tab and '|'.
load("semicolon.csv", ":")
