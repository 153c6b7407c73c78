# Help on a phrase that is not a topic: the nearest topics.
help random search
