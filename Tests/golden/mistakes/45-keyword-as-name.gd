# A name that is also a Python keyword works when it is bound: lambda is the usual name of a penalty.
lambda = 0.1
lambda * 2
w = 3
lambda*w^2
