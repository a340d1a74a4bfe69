"""The ways in: the command line (cli/), the Gradio app (web/, the only gradio importer) and the evaluation
harness (evaluation/).

May import everything below them; nothing imports them."""
