"""The Gradio chat and the delegate tabs (the only package that imports gradio)."""
