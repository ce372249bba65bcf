"""CL: classification datasets (few distinct short answers): balance, class sizes and label spelling."""
