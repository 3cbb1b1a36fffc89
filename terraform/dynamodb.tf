################################################################################
# DynamoDB tables. Attribute names are those of dev.tradelake.model.TradesTable and
# BarsTable; TerraformConventionsTest fails when they drift apart.
################################################################################

resource "aws_dynamodb_table" "trades" {
  name         = local.trades_table_name
  billing_mode = var.dynamodb_billing_mode
  # Capacity must be absent in PAY_PER_REQUEST mode.
  read_capacity  = var.dynamodb_billing_mode == "PROVISIONED" ? var.trades_table_capacity.read : null
  write_capacity = var.dynamodb_billing_mode == "PROVISIONED" ? var.trades_table_capacity.write : null

  # symbol + sk (zero-padded trade time # sequence): a re-delivered trade overwrites itself.
  # "symbol" holds "<symbol>#<shard>" (TradesTable.partitionKey): a hot symbol's writes spread
  # over 8 key values of ~1,000 writes/s each; the plain symbol is the "ticker" attribute.
  hash_key  = "symbol"
  range_key = "sk"

  attribute {
    name = "symbol"
    type = "S"
  }

  attribute {
    name = "sk"
    type = "S"
  }

  # Items without the attribute (trade_ttl_days = 0) never expire, so TTL can always be on.
  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  # Encrypted with the AWS managed key aws/dynamodb: callers need no KMS permissions.
  server_side_encryption {
    enabled = true
  }

  deletion_protection_enabled = var.dynamodb_deletion_protection
}

resource "aws_dynamodb_table" "bars" {
  name           = local.bars_table_name
  billing_mode   = var.dynamodb_billing_mode
  read_capacity  = var.dynamodb_billing_mode == "PROVISIONED" ? var.bars_table_capacity.read : null
  write_capacity = var.dynamodb_billing_mode == "PROVISIONED" ? var.bars_table_capacity.write : null

  # series ("SPY#1m") + window_start (epoch ms): a re-emitted bar overwrites itself.
  hash_key  = "series"
  range_key = "window_start"

  attribute {
    name = "series"
    type = "S"
  }

  attribute {
    name = "window_start"
    type = "N"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }

  deletion_protection_enabled = var.dynamodb_deletion_protection
}
