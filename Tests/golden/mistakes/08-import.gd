# Importing NumPy.
import numpy as np
