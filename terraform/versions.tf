terraform {
  # Validations use startswith/endswith (1.3+); 1.5 is the oldest release this stack supports.
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # runtime_environment = "FLINK-1_19" needs a release from mid-2024 on; 6.x changed
      # attributes used here (data.aws_region's name), hence no major upgrade without review.
      version = "~> 5.60"
    }
  }
}
