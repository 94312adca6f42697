"""An assistant that streams its reply in chunks, cancellable by the client."""
