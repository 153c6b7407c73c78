# A column broadcast against a row asks for rows × columns elements.
ones(1e6, 1) + ones(1e6)
