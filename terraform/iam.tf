################################################################################
# IAM: one role per component, least privilege.
# Every statement names its actions one by one (no wildcards) and the resources of this stack.
# TerraformConventionsTest fails on a wildcard action, on a "*" resource outside its allow-list,
# and on a policy that does not come from an aws_iam_policy_document below.
# The stream's KMS key is granted only through Kinesis (kms:ViaService), never for direct use.
################################################################################

locals {
  flink_log_group_arn = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.flink_log_group}"
}

################################################################################
# Lambda
################################################################################

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    sid     = "LambdaAssumesRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

# What a polling (shared-throughput) consumer of the stream calls, no enhanced fan-out: both the
# Lambda's event source mapping and the Flink job read the stream this way.
data "aws_iam_policy_document" "read_stream" {
  statement {
    sid    = "ReadStream"
    effect = "Allow"
    actions = [
      "kinesis:DescribeStream",
      "kinesis:DescribeStreamSummary",
      "kinesis:GetRecords",
      "kinesis:GetShardIterator",
      "kinesis:ListShards",
    ]
    resources = [aws_kinesis_stream.trades.arn]
  }

  statement {
    sid       = "DecryptStream"
    effect    = "Allow"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.stream.arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = [local.kinesis_service]
    }
  }
}

data "aws_iam_policy_document" "lambda" {
  source_policy_documents = [data.aws_iam_policy_document.read_stream.json]

  # Writes only (no reads, updates or deletes): BatchWriteItem for batches, PutItem for one item.
  statement {
    sid    = "WriteTradesTable"
    effect = "Allow"
    actions = [
      "dynamodb:BatchWriteItem",
      "dynamodb:PutItem",
    ]
    resources = [aws_dynamodb_table.trades.arn]
  }

  # Both the function (invalid records) and the event source mapping (on-failure destination)
  # send to the queue with this role. SendMessageBatch is authorised by sqs:SendMessage.
  statement {
    sid       = "SendToDeadLetterQueue"
    effect    = "Allow"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.dead_letter.arn]
  }

  # The log group is created by Terraform, so the role needs no logs:CreateLogGroup.
  statement {
    sid    = "WriteLogs"
    effect = "Allow"
    actions = [
      "logs:CreateLogStream",
      "logs:PutLogEvents",
    ]
    resources = ["${aws_cloudwatch_log_group.lambda.arn}:log-stream:*"]
  }
}

resource "aws_iam_role" "lambda" {
  name               = "${local.function_name}-lambda"
  description        = "Execution role of the ${local.function_name} Lambda function"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

resource "aws_iam_role_policy" "lambda" {
  name   = "trade-storage"
  role   = aws_iam_role.lambda.id
  policy = data.aws_iam_policy_document.lambda.json
}

################################################################################
# Managed Flink
################################################################################

data "aws_iam_policy_document" "flink_assume" {
  count = local.flink_count

  statement {
    sid     = "ManagedFlinkAssumesRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["kinesisanalytics.amazonaws.com"]
    }

    # Confused-deputy protection: only this application of this account may use the role.
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [local.flink_app_arn]
    }
  }
}

data "aws_iam_policy_document" "flink" {
  count = local.flink_count

  source_policy_documents = [data.aws_iam_policy_document.read_stream.json]

  statement {
    sid    = "ReadJar"
    effect = "Allow"
    actions = [
      "s3:GetObject",
      "s3:GetObjectVersion",
    ]
    resources = ["${aws_s3_bucket.flink_code[0].arn}/${local.flink_jar_key}"]
  }

  # Bars are conditional updates: a write lands only over a version with fewer trades.
  statement {
    sid    = "WriteBarsTable"
    effect = "Allow"
    actions = [
      "dynamodb:UpdateItem",
    ]
    resources = [aws_dynamodb_table.bars.arn]
  }

  # The service looks the log group up by listing the account's log groups in the region,
  # which can only be granted on the log-group:* pattern (no resource-level filtering).
  statement {
    sid       = "FindLogGroup"
    effect    = "Allow"
    actions   = ["logs:DescribeLogGroups"]
    resources = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:*"]
  }

  statement {
    sid       = "FindLogStream"
    effect    = "Allow"
    actions   = ["logs:DescribeLogStreams"]
    resources = ["${local.flink_log_group_arn}:log-stream:*"]
  }

  statement {
    sid       = "WriteLogs"
    effect    = "Allow"
    actions   = ["logs:PutLogEvents"]
    resources = ["${local.flink_log_group_arn}:log-stream:${local.flink_log_stream}"]
  }
}

resource "aws_iam_role" "flink" {
  count = local.flink_count

  name               = "${local.flink_app_name}-flink"
  description        = "Service execution role of the ${local.flink_app_name} Managed Flink application"
  assume_role_policy = data.aws_iam_policy_document.flink_assume[0].json
}

resource "aws_iam_role_policy" "flink" {
  count = local.flink_count

  name   = "bars"
  role   = aws_iam_role.flink[0].id
  policy = data.aws_iam_policy_document.flink[0].json
}

################################################################################
# Ingest: a managed policy for whoever runs the ingest jar, and optionally a role
################################################################################

data "aws_iam_policy_document" "ingest" {
  statement {
    sid    = "WriteStream"
    effect = "Allow"
    actions = [
      "kinesis:DescribeStreamSummary",
      "kinesis:ListShards",
      "kinesis:PutRecord",
      "kinesis:PutRecords",
    ]
    resources = [aws_kinesis_stream.trades.arn]
  }

  # Writing to a KMS-encrypted stream needs a data key from the stream's key.
  statement {
    sid       = "EncryptStream"
    effect    = "Allow"
    actions   = ["kms:GenerateDataKey"]
    resources = [aws_kms_key.stream.arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = [local.kinesis_service]
    }
  }
}

resource "aws_iam_policy" "ingest" {
  name        = local.ingest_name
  description = "Lets the ingest write trade records to the ${local.stream_name} stream, and nothing else"
  policy      = data.aws_iam_policy_document.ingest.json
}

data "aws_iam_policy_document" "ingest_assume" {
  count = length(var.ingest_trusted_principal_arns) > 0 ? 1 : 0

  statement {
    sid     = "TrustedPrincipalsAssumeRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "AWS"
      identifiers = var.ingest_trusted_principal_arns
    }
  }
}

resource "aws_iam_role" "ingest" {
  count = length(var.ingest_trusted_principal_arns) > 0 ? 1 : 0

  name               = local.ingest_name
  description        = "Assumed by the ingest to write trade records to the ${local.stream_name} stream"
  assume_role_policy = data.aws_iam_policy_document.ingest_assume[0].json
}

resource "aws_iam_role_policy_attachment" "ingest" {
  count = length(var.ingest_trusted_principal_arns) > 0 ? 1 : 0

  role       = aws_iam_role.ingest[0].name
  policy_arn = aws_iam_policy.ingest.arn
}
