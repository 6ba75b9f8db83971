"""Dashboard building blocks: cached loaders, pure plotly figure builders, Streamlit widgets."""
