# xlabel and ylabel name the axes; a function of θ labels its axis θ by itself.
L(θ) = (θ - 2)^2 + 1
plot L from 0 to 4
plot L from 0 to 4 xlabel "weight θ" ylabel "loss L(θ)"
plot w*sin(w) from 0 to 2
