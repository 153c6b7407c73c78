# A string in single quotes.
load('tips.csv')
