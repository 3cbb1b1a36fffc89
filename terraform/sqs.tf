################################################################################
# Dead-letter queue. It receives two kinds of message:
#  - from the function itself (DEAD_LETTER_QUEUE_URL): Kinesis records whose content is invalid,
#    which no retry can fix;
#  - from the event source mapping (on-failure destination): the shard and sequence-number range
#    of a batch that still failed after its retries or grew too old. The records themselves stay
#    in the stream and can be replayed from there until kinesis_retention_hours has passed.
################################################################################

resource "aws_sqs_queue" "dead_letter" {
  name                      = local.dead_letter_queue
  message_retention_seconds = var.dlq_message_retention_seconds
  # SQS-managed keys: the senders need no KMS permissions.
  sqs_managed_sse_enabled = true
}
