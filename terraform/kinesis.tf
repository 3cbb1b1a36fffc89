################################################################################
# Kinesis data stream of trade records, encrypted with a customer managed key
################################################################################

# The key has the default key policy (the account administers it, IAM policies grant its use),
# so each role's access to it is written next to its other permissions in iam.tf.
resource "aws_kms_key" "stream" {
  description             = "Encrypts the ${local.stream_name} Kinesis stream"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_key_deletion_window_days
}

resource "aws_kms_alias" "stream" {
  name          = local.kms_alias
  target_key_id = aws_kms_key.stream.key_id
}

resource "aws_kinesis_stream" "trades" {
  name             = local.stream_name
  retention_period = var.kinesis_retention_hours
  # shard_count must be absent in ON_DEMAND mode.
  shard_count = var.kinesis_stream_mode == "PROVISIONED" ? var.kinesis_shard_count : null

  stream_mode_details {
    stream_mode = var.kinesis_stream_mode
  }

  encryption_type = "KMS"
  kms_key_id      = aws_kms_key.stream.arn
}
