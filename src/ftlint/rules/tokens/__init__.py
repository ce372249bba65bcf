"""TK: token and size limits of the target model and provider."""
