# terraform test, offline: a plan of the whole stack, every optional part on, by the real AWS
# provider, which checks what a mock does not (container definitions, ARN and enum formats,
# conflicting arguments). Fake credentials: planning new resources calls no AWS API, and the
# data sources that would are overridden.

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "offline"
  secret_key                  = "offline"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

variables {
  lambda_jar_path       = "tests/fixtures/lambda-consumer.jar"
  flink_jar_path        = "tests/fixtures/flink-job.jar"
  ingest_jar_path       = "tests/fixtures/ingest.jar"
  ingest_enabled        = true
  ingest_subnet_ids     = ["subnet-0a", "subnet-0b"]
  alarm_email_addresses = ["ops@example.com"]
  lambda_snap_start     = true
}

override_data {
  target = data.aws_caller_identity.current
  values = {
    account_id = "123456789012"
  }
}

override_data {
  target = data.aws_subnet.ingest["subnet-0a"]
  values = {
    vpc_id            = "vpc-0123456789abcdef0"
    availability_zone = "us-east-1a"
  }
}

override_data {
  target = data.aws_subnet.ingest["subnet-0b"]
  values = {
    vpc_id            = "vpc-0123456789abcdef0"
    availability_zone = "us-east-1b"
  }
}

run "the_real_provider_plans_everything" {
  command = plan

  assert {
    condition     = local.kinesis_service == "kinesis.us-east-1.amazonaws.com" && data.aws_service_principal.this["ecs-tasks"].name == "ecs-tasks.amazonaws.com"
    error_message = "endpoints and service principals come from the partition"
  }
}
