"""IM: images in chat content (`image_url` parts): URLs, data URLs, detail, where images may appear, limits."""
