"""Face biometrics: detection, embeddings, matching, liveness, quality gates. No Qt."""
