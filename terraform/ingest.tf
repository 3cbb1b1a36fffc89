################################################################################
# The ingest on AWS: an ECS Fargate service that keeps one task running.
# Optional: ingest_enabled = false (the default) leaves out every resource in this file; the
# ingest then runs wherever you start it (output ingest_command).
#
# No image is built: the task runs two public images. An AWS CLI container copies the ingest jar
# (the exact S3 object version this apply uploaded) into a volume shared by the task, and exits;
# then a Corretto container runs it. ECS reads the Finnhub token from Secrets Manager at start
# and hands it to the ingest as FINNHUB_API_KEY; Terraform only knows the secret's ARN.
################################################################################

locals {
  ingest_count     = var.ingest_enabled ? 1 : 0
  ingest_efs_count = var.ingest_enabled && var.ingest_journal_on_efs ? 1 : 0

  ingest_jar_dir         = "/opt/tradelake"
  ingest_journal_dir     = "/var/lib/tradelake/journal"
  ingest_fetch_container = "fetch-jar"

  # The memory Fargate allows for each CPU size, in MiB: [least, most].
  fargate_memory_mb = {
    "256"  = [512, 2048]
    "512"  = [1024, 4096]
    "1024" = [2048, 8192]
    "2048" = [4096, 16384]
    "4096" = [8192, 30720]
  }
}

resource "aws_s3_object" "ingest_jar" {
  count = local.ingest_count

  bucket = aws_s3_bucket.artifacts[0].id
  key    = local.ingest_jar_key
  source = var.ingest_jar_path
  # New bytes, new object version, new task definition, new task; the build is reproducible, so
  # rebuilding the same sources changes nothing.
  source_hash = filemd5(var.ingest_jar_path)

  depends_on = [
    aws_s3_bucket_versioning.artifacts,
    aws_s3_bucket_server_side_encryption_configuration.artifacts,
  ]
}

# The value is never set here, so it never reaches the state: see terraform/README.md for the
# put-secret-value command.
resource "aws_secretsmanager_secret" "finnhub" {
  count = local.ingest_count

  name                    = local.finnhub_secret
  description             = "Finnhub API token of the ${local.ingest_name} service (value set with aws secretsmanager put-secret-value)"
  recovery_window_in_days = var.ingest_secret_recovery_days
}

resource "aws_cloudwatch_log_group" "ingest" {
  count = local.ingest_count

  name              = local.ingest_log_group
  retention_in_days = var.ingest_log_retention_days
}

resource "aws_ecs_cluster" "ingest" {
  count = local.ingest_count

  name = local.ingest_name
}

################################################################################
# Network: the task only calls out (Finnhub, ECR Public, AWS APIs over HTTPS; NFS to its journal)
################################################################################

data "aws_subnet" "ingest" {
  for_each = var.ingest_enabled ? toset(var.ingest_subnet_ids) : toset([])

  id = each.value
}

locals {
  ingest_vpc_id = one(distinct([for subnet in data.aws_subnet.ingest : subnet.vpc_id]))
}

resource "aws_security_group" "ingest" {
  count = local.ingest_count

  name        = local.ingest_name
  description = "The ${local.ingest_name} task: outbound HTTPS, and NFS to its journal"
  vpc_id      = local.ingest_vpc_id

  lifecycle {
    precondition {
      condition     = length(var.ingest_subnet_ids) > 0
      error_message = "ingest_enabled needs ingest_subnet_ids: subnets of one VPC with a route to the internet (the default VPC's subnets will do)."
    }
    precondition {
      condition     = length(distinct([for subnet in data.aws_subnet.ingest : subnet.vpc_id])) <= 1
      error_message = "ingest_subnet_ids must all belong to one VPC."
    }
    precondition {
      condition     = length(distinct([for subnet in data.aws_subnet.ingest : subnet.availability_zone])) == length(var.ingest_subnet_ids)
      error_message = "ingest_subnet_ids must each be in a different availability zone (the journal's file system has one mount target per zone)."
    }
  }
}

resource "aws_vpc_security_group_egress_rule" "ingest_https" {
  count = local.ingest_count

  security_group_id = aws_security_group.ingest[0].id
  description       = "Finnhub WebSocket, ECR Public, Kinesis, S3, Secrets Manager, CloudWatch Logs"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "ingest_nfs" {
  count = local.ingest_efs_count

  security_group_id            = aws_security_group.ingest[0].id
  description                  = "The journal's EFS file system"
  ip_protocol                  = "tcp"
  from_port                    = 2049
  to_port                      = 2049
  referenced_security_group_id = aws_security_group.journal[0].id
}

################################################################################
# Journal: an EFS file system outlives any task, in every zone the task may run in
################################################################################

resource "aws_efs_file_system" "journal" {
  count = local.ingest_efs_count

  creation_token   = "${local.ingest_name}-journal"
  encrypted        = true
  performance_mode = "generalPurpose"
  # Pays for what the journal writes, not for provisioned throughput.
  throughput_mode = "elastic"

  tags = {
    Name = "${local.ingest_name}-journal"
  }
}

resource "aws_security_group" "journal" {
  count = local.ingest_efs_count

  name        = "${local.ingest_name}-journal"
  description = "The ${local.ingest_name} journal's EFS mount targets: NFS from the ingest task only"
  vpc_id      = local.ingest_vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "journal_nfs" {
  count = local.ingest_efs_count

  security_group_id            = aws_security_group.journal[0].id
  description                  = "NFS from the ingest task"
  ip_protocol                  = "tcp"
  from_port                    = 2049
  to_port                      = 2049
  referenced_security_group_id = aws_security_group.ingest[0].id
}

resource "aws_efs_mount_target" "journal" {
  for_each = local.ingest_efs_count == 1 ? toset(var.ingest_subnet_ids) : toset([])

  file_system_id  = aws_efs_file_system.journal[0].id
  subnet_id       = each.value
  security_groups = [aws_security_group.journal[0].id]
}

# The task sees only this directory, as this user, whatever user the image runs as.
resource "aws_efs_access_point" "journal" {
  count = local.ingest_efs_count

  file_system_id = aws_efs_file_system.journal[0].id

  posix_user {
    uid = 1000
    gid = 1000
  }

  root_directory {
    path = "/journal"
    creation_info {
      owner_uid   = 1000
      owner_gid   = 1000
      permissions = "0750"
    }
  }
}

################################################################################
# Task definition and service
################################################################################

resource "aws_ecs_task_definition" "ingest" {
  count = local.ingest_count

  family                   = local.ingest_name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = tostring(var.ingest_cpu)
  memory                   = tostring(var.ingest_memory_mb)
  execution_role_arn       = aws_iam_role.ingest_execution[0].arn
  task_role_arn            = aws_iam_role.ingest_task[0].arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.ingest_architecture
  }

  # Task storage shared by the two containers: the jar, copied at every start.
  volume {
    name = "jar"
  }

  volume {
    name = "journal"

    dynamic "efs_volume_configuration" {
      for_each = aws_efs_access_point.journal
      content {
        file_system_id     = aws_efs_file_system.journal[0].id
        transit_encryption = "ENABLED"
        authorization_config {
          access_point_id = efs_volume_configuration.value.id
          iam             = "ENABLED"
        }
      }
    }
  }

  container_definitions = jsonencode([
    {
      name      = local.ingest_fetch_container
      image     = var.ingest_fetch_image
      essential = false
      # The image's entry point is aws; the object version pins the jar this apply uploaded.
      command = [
        "s3api", "get-object",
        "--bucket", aws_s3_object.ingest_jar[0].bucket,
        "--key", aws_s3_object.ingest_jar[0].key,
        "--version-id", aws_s3_object.ingest_jar[0].version_id,
        "${local.ingest_jar_dir}/ingest.jar",
      ]
      environment = [{ name = "AWS_DEFAULT_REGION", value = local.region }]
      mountPoints = [{ sourceVolume = "jar", containerPath = local.ingest_jar_dir, readOnly = false }]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.ingest[0].name
          awslogs-region        = local.region
          awslogs-stream-prefix = "fetch"
        }
      }
    },
    {
      name      = "ingest"
      image     = var.ingest_java_image
      essential = true
      dependsOn = [{ containerName = local.ingest_fetch_container, condition = "SUCCESS" }]
      # On SIGTERM the ingest stops reading and writes what it accepted within its shutdown
      # timeout; stopTimeout is how long ECS waits before SIGKILL.
      stopTimeout = var.ingest_stop_timeout_seconds
      command = [
        "java", "-Xmx${var.ingest_heap_mb}m", "-XX:+ExitOnOutOfMemoryError",
        "-jar", "${local.ingest_jar_dir}/ingest.jar",
        "--shutdown-timeout", "${var.ingest_shutdown_timeout_seconds}s",
      ]
      # Names from the ingest's --help (IngestConfig).
      environment = [
        { name = "KINESIS_STREAM", value = aws_kinesis_stream.trades.name },
        { name = "AWS_REGION", value = local.region },
        { name = "FINNHUB_SYMBOLS", value = join(",", var.ingest_symbols) },
        { name = "INGEST_JOURNAL_DIR", value = local.ingest_journal_dir },
      ]
      secrets = [{ name = "FINNHUB_API_KEY", valueFrom = aws_secretsmanager_secret.finnhub[0].arn }]
      mountPoints = [
        { sourceVolume = "jar", containerPath = local.ingest_jar_dir, readOnly = true },
        { sourceVolume = "journal", containerPath = local.ingest_journal_dir, readOnly = false },
      ]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.ingest[0].name
          awslogs-region        = local.region
          awslogs-stream-prefix = "ingest"
        }
      }
    },
  ])

  lifecycle {
    precondition {
      condition     = var.ingest_stop_timeout_seconds >= var.ingest_shutdown_timeout_seconds + 10
      error_message = "ingest_stop_timeout_seconds must exceed ingest_shutdown_timeout_seconds by at least 10 s, or ECS kills the ingest while it still writes what it accepted."
    }
    precondition {
      condition     = var.ingest_heap_mb * 2 <= var.ingest_memory_mb
      error_message = "ingest_heap_mb must be at most half of ingest_memory_mb: the JVM needs memory beyond its heap."
    }
    precondition {
      condition     = var.ingest_memory_mb >= local.fargate_memory_mb[tostring(var.ingest_cpu)][0] && var.ingest_memory_mb <= local.fargate_memory_mb[tostring(var.ingest_cpu)][1]
      error_message = "ingest_memory_mb does not fit ingest_cpu on Fargate: 512-2048 MiB for 256, 1024-4096 for 512, 2048-8192 for 1024, 4096-16384 for 2048, 8192-30720 for 4096."
    }
  }
}

resource "aws_ecs_service" "ingest" {
  count = local.ingest_count

  name             = local.ingest_name
  cluster          = aws_ecs_cluster.ingest[0].id
  task_definition  = aws_ecs_task_definition.ingest[0].arn
  launch_type      = "FARGATE"
  platform_version = "LATEST"
  # ECS starts a new task whenever the running one stops, for whatever reason.
  desired_count = 1

  # Stop the old task before starting the new one: never two ingests on one journal (and the
  # feed would send every trade twice).
  deployment_minimum_healthy_percent = 0
  deployment_maximum_percent         = 100

  network_configuration {
    subnets          = var.ingest_subnet_ids
    security_groups  = [aws_security_group.ingest[0].id]
    assign_public_ip = var.ingest_assign_public_ip
  }

  # The apply returns once the service exists: its first task waits for the token (see README).
  wait_for_steady_state = false

  # The task mounts the journal through a mount target in its own zone.
  depends_on = [
    aws_efs_mount_target.journal,
    aws_iam_role_policy.ingest_execution,
    aws_iam_role_policy.ingest_task,
    aws_iam_role_policy.ingest_journal,
    aws_iam_role_policy_attachment.ingest_task_stream,
  ]
}
