# A return statement on its own.
return (x - 2)^2
