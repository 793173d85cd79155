"""The district barometer: series per district and year, charts as accessible SVG with the
same numbers as a table, and the CSV import of indicator series."""
