################################################################################
# Artifact bucket: the jars that the Flink application and the ingest service run.
# Created when either of them is enabled.
################################################################################

locals {
  artifacts_count = var.flink_enabled || var.ingest_enabled ? 1 : 0
}

# Holds nothing but build artifacts, hence force_destroy; versioned so that each consumer pins
# the exact object version it runs.
resource "aws_s3_bucket" "artifacts" {
  count = local.artifacts_count

  bucket        = local.artifact_bucket
  force_destroy = true
}

resource "aws_s3_bucket_public_access_block" "artifacts" {
  count = local.artifacts_count

  bucket                  = aws_s3_bucket.artifacts[0].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "artifacts" {
  count = local.artifacts_count

  bucket = aws_s3_bucket.artifacts[0].id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "artifacts" {
  count = local.artifacts_count

  bucket = aws_s3_bucket.artifacts[0].id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_versioning" "artifacts" {
  count = local.artifacts_count

  bucket = aws_s3_bucket.artifacts[0].id
  versioning_configuration {
    status = "Enabled"
  }
}

# Every deploy of a changed jar leaves the previous one as a noncurrent version. Keep the last few
# for a rollback by hand and let the older ones expire, so the bucket does not grow forever.
resource "aws_s3_bucket_lifecycle_configuration" "artifacts" {
  count = local.artifacts_count

  bucket = aws_s3_bucket.artifacts[0].id

  rule {
    id     = "expire-old-jars"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days           = var.artifact_noncurrent_version_days
      newer_noncurrent_versions = var.artifact_noncurrent_versions_kept
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }

  # The rule applies to versions, so versioning must be on first.
  depends_on = [aws_s3_bucket_versioning.artifacts]
}
