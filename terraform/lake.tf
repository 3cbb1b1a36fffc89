################################################################################
# The lake: the Flink job's Parquet history (trades and final bars) in S3, described by Glue
# tables with partition projection (no crawler) and queried with Athena.
# Layout (dev.tradelake.model.LakeLayout): s3://<lake bucket>/lake/{trades,bars}/dt=YYYY-MM-DD/symbol=XYZ/
# Created with the Flink application (flink_enabled) unless lake_enabled = false.
################################################################################

locals {
  lake_count       = var.flink_enabled && var.lake_enabled ? 1 : 0
  lake_bucket      = "${var.name}-lake-${local.account_id}-${local.region}"
  lake_prefix      = "lake"
  athena_prefix    = "athena-results"
  lake_database    = replace("${var.name}_lake", "-", "_")
  lake_path        = "s3://${local.lake_bucket}/${local.lake_prefix}"
  athena_workgroup = "${var.name}-lake"
  # With the lake holding every trade, the trades table only needs recent ones (issue 18).
  trade_ttl_days = coalesce(var.trade_ttl_days, local.lake_count == 1 ? 30 : 0)

  # Columns in file order, as dev.tradelake.flink.lake.LakeRows writes them. Decimals are exact text.
  lake_tables = {
    trades = {
      description = "Every trade once, as the Flink job committed it at a checkpoint; its id is symbol:epoch-ms(t):seq"
      columns = [
        { name = "t", type = "timestamp", comment = "trade time, UTC" },
        { name = "seq", type = "int", comment = "rank among the symbol's trades of that millisecond" },
        { name = "price", type = "string", comment = "exact decimal text; CAST(price AS DECIMAL(38,18))" },
        { name = "volume", type = "string", comment = "exact decimal text" },
      ]
    }
    bars = {
      description = "Every final bar once, as the bars table holds it"
      columns = [
        { name = "window_start", type = "timestamp", comment = "start of the bar, UTC" },
        { name = "window", type = "string", comment = "bar size label: 1m, 5m, ..." },
        { name = "open", type = "string", comment = "exact decimal text" },
        { name = "high", type = "string", comment = "exact decimal text" },
        { name = "low", type = "string", comment = "exact decimal text" },
        { name = "close", type = "string", comment = "exact decimal text" },
        { name = "volume", type = "string", comment = "exact decimal text" },
        { name = "turnover", type = "string", comment = "sum of price x volume, exact decimal text" },
        { name = "vwap", type = "string", comment = "turnover / volume; null when volume is 0" },
        { name = "trades", type = "bigint", comment = "trades in the bar" },
      ]
    }
  }
}

resource "aws_s3_bucket" "lake" {
  count = local.lake_count

  bucket = local.lake_bucket
  # History is data: terraform destroy fails on a bucket that still holds files.
  force_destroy = false
}

resource "aws_s3_bucket_public_access_block" "lake" {
  count = local.lake_count

  bucket                  = aws_s3_bucket.lake[0].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "lake" {
  count = local.lake_count

  bucket = aws_s3_bucket.lake[0].id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "lake" {
  count = local.lake_count

  bucket = aws_s3_bucket.lake[0].id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "lake" {
  count = local.lake_count

  bucket = aws_s3_bucket.lake[0].id

  # Flink's S3 writer uploads in-progress part files as multipart uploads; one abandoned by a
  # failure is never completed (the job resumes from its checkpoint with a new one).
  rule {
    id     = "abort-abandoned-uploads"
    status = "Enabled"
    filter {}
    abort_incomplete_multipart_upload {
      days_after_initiation = 2
    }
  }

  # History is read less as it ages: cheaper storage after a while, optionally deleted at the end.
  rule {
    id     = "age-the-lake"
    status = "Enabled"
    filter {
      prefix = "${local.lake_prefix}/"
    }
    transition {
      days          = var.lake_infrequent_access_days
      storage_class = "STANDARD_IA"
    }
    dynamic "expiration" {
      for_each = var.lake_expiration_days > 0 ? [var.lake_expiration_days] : []
      content {
        days = expiration.value
      }
    }
  }

  rule {
    id     = "expire-query-results"
    status = "Enabled"
    filter {
      prefix = "${local.athena_prefix}/"
    }
    expiration {
      days = var.athena_results_days
    }
  }
}

resource "aws_glue_catalog_database" "lake" {
  count = local.lake_count

  name        = local.lake_database
  description = "The ${var.name} lake: Parquet history written by the ${local.flink_app_name} Flink application"
}

resource "aws_glue_catalog_table" "lake" {
  for_each = local.lake_count == 1 ? local.lake_tables : {}

  name          = each.key
  database_name = aws_glue_catalog_database.lake[0].name
  description   = each.value.description
  table_type    = "EXTERNAL_TABLE"

  # Partition projection: Athena computes the partitions from these rules instead of a crawler or
  # MSCK REPAIR. Symbols are not known in advance, so a query names the symbol (WHERE symbol = 'SPY').
  parameters = {
    "classification"              = "parquet"
    "EXTERNAL"                    = "TRUE"
    "projection.enabled"          = "true"
    "projection.dt.type"          = "date"
    "projection.dt.format"        = "yyyy-MM-dd"
    "projection.dt.range"         = "${var.lake_first_date},NOW"
    "projection.dt.interval"      = "1"
    "projection.dt.interval.unit" = "DAYS"
    "projection.symbol.type"      = "injected"
    "storage.location.template"   = "${local.lake_path}/${each.key}/dt=$${dt}/symbol=$${symbol}"
  }

  partition_keys {
    name    = "dt"
    type    = "string"
    comment = "UTC date, YYYY-MM-DD"
  }
  partition_keys {
    name = "symbol"
    type = "string"
  }

  storage_descriptor {
    location      = "${local.lake_path}/${each.key}/"
    input_format  = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"
    output_format = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"

    ser_de_info {
      serialization_library = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
    }

    dynamic "columns" {
      for_each = each.value.columns
      content {
        name    = columns.value.name
        type    = columns.value.type
        comment = columns.value.comment
      }
    }
  }
}

resource "aws_athena_workgroup" "lake" {
  count = local.lake_count

  name          = local.athena_workgroup
  description   = "Queries over the ${var.name} lake; results expire after ${var.athena_results_days} days"
  force_destroy = true

  configuration {
    enforce_workgroup_configuration    = true
    publish_cloudwatch_metrics_enabled = true
    # A runaway query stops at this many bytes scanned instead of costing more.
    bytes_scanned_cutoff_per_query = var.athena_bytes_scanned_cutoff

    result_configuration {
      output_location = "s3://${local.lake_bucket}/${local.athena_prefix}/"
      encryption_configuration {
        encryption_option = "SSE_S3"
      }
    }
  }
}

# The Flink application writes its part files under lake/ and nowhere else in the bucket.
data "aws_iam_policy_document" "flink_lake" {
  count = local.lake_count

  statement {
    sid    = "WriteLakeFiles"
    effect = "Allow"
    # Multipart uploads carry in-progress part files; a commit completes one, a recovery may abort
    # one or read it back, and FileSink cleans up what it no longer needs.
    actions = [
      "s3:PutObject",
      "s3:GetObject",
      "s3:DeleteObject",
      "s3:AbortMultipartUpload",
      "s3:ListMultipartUploadParts",
    ]
    resources = ["${aws_s3_bucket.lake[0].arn}/${local.lake_prefix}/*"]
  }

  statement {
    sid       = "ListLakePrefix"
    effect    = "Allow"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.lake[0].arn]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["${local.lake_prefix}/*", local.lake_prefix]
    }
  }
}

resource "aws_iam_role_policy" "flink_lake" {
  count = local.lake_count

  name   = "lake"
  role   = aws_iam_role.flink[0].id
  policy = data.aws_iam_policy_document.flink_lake[0].json
}
