"""The bundled students: past years' history, this year's class, the script that made them."""
