"""The machinery: the build cache, forked workers, locks and writing the output folder."""
