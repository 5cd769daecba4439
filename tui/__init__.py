"""passfail-tui's terminal app and command line. Reads everything it shows from ``engine``."""
