# legend needs one name for each series.
plot sin, cos from 0 to 1 legend "sine"
