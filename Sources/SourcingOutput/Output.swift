// Output formats land here (plan JSON, text summary, CSV, HTML).
