"""`make bench`: the Cramp Helper measured side by side with a hello-world ask-sdk-core skill."""
