schedule 0.1 steps 10
