# terraform test, offline: the lake (lake.tf) against the mocked AWS provider. Run by ../check.sh.

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  lambda_jar_path = "tests/fixtures/lambda-consumer.jar"
  flink_jar_path  = "tests/fixtures/flink-job.jar"
  ingest_jar_path = "tests/fixtures/ingest.jar"
}

run "lake_by_default" {
  command = plan

  assert {
    condition     = aws_s3_bucket.lake[0].bucket == "tradelake-lake-123456789012-us-east-1" && !aws_s3_bucket.lake[0].force_destroy
    error_message = "the lake bucket is named per account and region, and keeps its history on destroy"
  }
  assert {
    condition = alltrue([
      aws_s3_bucket_public_access_block.lake[0].block_public_acls,
      aws_s3_bucket_public_access_block.lake[0].block_public_policy,
      aws_s3_bucket_public_access_block.lake[0].ignore_public_acls,
      aws_s3_bucket_public_access_block.lake[0].restrict_public_buckets,
    ])
    error_message = "the lake bucket is private"
  }
  assert {
    condition     = one([for r in aws_s3_bucket_server_side_encryption_configuration.lake[0].rule : one(r.apply_server_side_encryption_by_default).sse_algorithm]) == "AES256"
    error_message = "the lake bucket is encrypted"
  }
  assert {
    condition     = toset([for r in aws_s3_bucket_lifecycle_configuration.lake[0].rule : r.id]) == toset(["abort-abandoned-uploads", "age-the-lake", "expire-query-results"])
    error_message = "lifecycle rules: abandoned uploads, ageing history, query results"
  }
  assert {
    condition     = toset(keys(aws_glue_catalog_table.lake)) == toset(["trades", "bars"])
    error_message = "a Glue table over each prefix"
  }
  assert {
    condition = alltrue([for name, t in aws_glue_catalog_table.lake :
      t.parameters["projection.enabled"] == "true"
      && t.parameters["projection.dt.type"] == "date"
      && t.parameters["projection.symbol.type"] == "injected"
      && t.parameters["storage.location.template"] == "s3://tradelake-lake-123456789012-us-east-1/lake/${name}/dt=$${dt}/symbol=$${symbol}"
      && [for k in t.partition_keys : k.name] == ["dt", "symbol"]
    ])
    error_message = "partition projection over dt=YYYY-MM-DD/symbol=XYZ, no crawler"
  }
  assert {
    condition     = [for c in one(aws_glue_catalog_table.lake["trades"].storage_descriptor).columns : c.name] == ["t", "seq", "price", "volume"]
    error_message = "the trades table's columns are LakeLayout.TRADE_COLUMNS in file order"
  }
  assert {
    condition     = one(one(aws_athena_workgroup.lake[0].configuration).result_configuration).output_location == "s3://tradelake-lake-123456789012-us-east-1/athena-results/"
    error_message = "the workgroup writes results to the lake bucket's athena-results/ prefix"
  }
  assert {
    condition     = one(aws_kinesisanalyticsv2_application.bars[0].application_configuration[0].environment_properties[0].property_group).property_map["lake.path"] == "s3://tradelake-lake-123456789012-us-east-1/lake"
    error_message = "the job is told where the lake is"
  }
  assert {
    condition     = aws_lambda_function.trade_storage.environment[0].variables["TRADE_TTL_DAYS"] == "30"
    error_message = "with the lake, the trades table keeps 30 days of trades"
  }
}

run "flink_role_writes_only_under_the_lake_prefix" {
  command = apply

  assert {
    condition = alltrue(flatten([for s in data.aws_iam_policy_document.flink_lake[0].statement :
      [for r in s.resources : r == "arn:aws:s3:::mock/lake/*" || (r == "arn:aws:s3:::mock" && s.actions == toset(["s3:ListBucket"]))]
    ]))
    error_message = "objects only under lake/; the bucket itself only for listing"
  }
  assert {
    condition     = one([for s in data.aws_iam_policy_document.flink_lake[0].statement : toset(one(s.condition).values) if s.sid == "ListLakePrefix"]) == toset(["lake/*", "lake"])
    error_message = "listing is limited to the lake/ prefix"
  }
  assert {
    condition     = aws_iam_role_policy.flink_lake[0].role == aws_iam_role.flink[0].id
    error_message = "the policy is the Flink role's"
  }
}

run "no_lake" {
  command = plan

  variables {
    lake_enabled = false
  }

  assert {
    condition     = length(aws_s3_bucket.lake) == 0 && length(aws_glue_catalog_table.lake) == 0 && length(aws_athena_workgroup.lake) == 0 && length(aws_iam_role_policy.flink_lake) == 0
    error_message = "lake_enabled = false leaves out every lake resource"
  }
  assert {
    condition     = one(aws_kinesisanalyticsv2_application.bars[0].application_configuration[0].environment_properties[0].property_group).property_map["lake.path"] == "" && aws_lambda_function.trade_storage.environment[0].variables["TRADE_TTL_DAYS"] == "0"
    error_message = "without the lake the job writes no Parquet and trades are kept forever"
  }
}

run "an_explicit_ttl_wins" {
  command = plan

  variables {
    trade_ttl_days = 7
  }

  assert {
    condition     = aws_lambda_function.trade_storage.environment[0].variables["TRADE_TTL_DAYS"] == "7"
    error_message = "trade_ttl_days set by hand is used as it is"
  }
}

run "bad_lake_settings_are_refused" {
  command = plan

  variables {
    lake_first_date             = "yesterday"
    lake_infrequent_access_days = 10
    lake_expiration_days        = -1
    athena_results_days         = 0
    athena_bytes_scanned_cutoff = 100
  }

  expect_failures = [
    var.lake_first_date,
    var.lake_infrequent_access_days,
    var.lake_expiration_days,
    var.athena_results_days,
    var.athena_bytes_scanned_cutoff,
  ]
}
