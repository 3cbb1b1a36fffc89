package dev.tradelake.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.flink.BarsJobOptions;
import dev.tradelake.flink.BarsMetrics;
import dev.tradelake.ingest.IngestConfig;
import dev.tradelake.lambda.LambdaEnv;
import dev.tradelake.launcher.testing.TerraformFiles;
import dev.tradelake.local.aws.ProjectHome;
import dev.tradelake.model.BarsTable;
import dev.tradelake.model.LakeLayout;
import dev.tradelake.model.TradesTable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the Terraform stack in {@code terraform/} offline (the AWS provider cannot be downloaded
 * in CI): IAM least privilege, the event source mapping's failure settings, and that the names the
 * stack gives AWS are the names the Java code reads.
 *
 * <p>hcl4j parses without evaluating: references such as {@code aws_kinesis_stream.trades.arn}
 * come back as objects whose {@code toString()} is the reference text ({@code x[0].arn} reads
 * {@code x.value.arn}), interpolations as flattened text, function calls as {@code null}. A
 * block written once is a map, a block written several times a list of maps.
 */
class TerraformConventionsTest {

    /**
     * Policy statements (document/sid) allowed a wildcard in a resource ARN, each with the reason.
     * A bare "*" resource is allowed nowhere: no action this stack grants lacks resource-level
     * permissions. Entries that no longer match a statement fail the test, so the list stays true.
     */
    private static final Map<String, String> RESOURCE_WILDCARD_ALLOWED = Map.of(
            "lambda/WriteLogs",
            "log streams of the Lambda's own log group are created per execution environment, names unknown in advance",
            "flink/FindLogGroup",
            "logs:DescribeLogGroups lists log groups and can only be granted on the account's log-group:* pattern",
            "flink/FindLogStream",
            "logs:DescribeLogStreams lists the streams of the Flink app's own log group",
            "ingest_execution/WriteLogs",
            "ECS creates a log stream per task in the ingest's own log group, names unknown in advance",
            "flink_lake/WriteLakeFiles",
            "the Flink job's part files are named per subtask and checkpoint, all under the lake/ prefix");

    /** Lambda environment variables the code reads only in local runs: never set on AWS. */
    private static final Set<String> LAMBDA_LOCAL_ONLY =
            Set.of(LambdaEnv.DEAD_LETTER_FILE, LambdaEnv.DYNAMODB_ENDPOINT, LambdaEnv.SQS_ENDPOINT);

    /** Flink job keys the code reads only in local runs: never set on AWS. */
    private static final Set<String> FLINK_LOCAL_ONLY =
            Set.of(BarsJobOptions.KINESIS_ENDPOINT.key(), BarsJobOptions.DYNAMODB_ENDPOINT.key());

    private static final String LAMBDA_HANDLER = "dev.tradelake.lambda.TradeStorageHandler::handleRequest";

    private static final List<String> ESM_FAILURE_SETTINGS = List.of(
            "batch_size",
            "maximum_batching_window_in_seconds",
            "parallelization_factor",
            "starting_position",
            "function_response_types",
            "bisect_batch_on_function_error",
            "maximum_retry_attempts",
            "maximum_record_age_in_seconds",
            "destination_config");

    private static final Set<String> TYPED_KINDS = Set.of("resource", "data");

    private static Path terraformDir;
    /** Top-level blocks of every .tf file: kind, type, name, body for {@link #TYPED_KINDS}; else kind, name, body. */
    private static Map<String, Object> stack;

    @BeforeAll
    static void parseEveryTerraformFile() throws Exception {
        terraformDir = ProjectHome.get().resolve("terraform");
        List<Path> files;
        try (Stream<Path> listing = Files.list(terraformDir)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".tf"))
                    .sorted()
                    .toList();
        }
        assertThat(files).as(".tf files in %s", terraformDir).isNotEmpty();

        stack = new LinkedHashMap<>();
        for (Path file : files) {
            Map<String, Object> parsed = TerraformFiles.parse(file);
            parsed.forEach((kind, blocks) -> addToStack(kind, blocks, file));
        }
    }

    @Test
    void layoutFollowsTheCommunityModules() {
        assertThat(Stream.of("versions.tf", "variables.tf", "outputs.tf", "terraform.tfvars.example", "README.md")
                        .filter(name -> !Files.isRegularFile(terraformDir.resolve(name))))
                .as("files missing from %s", terraformDir)
                .isEmpty();
    }

    @Test
    void noPolicyStatementHasAWildcardAction() {
        List<String> offending = new ArrayList<>();
        policyStatements().forEach((where, statement) -> {
            for (String action : strings(statement.get("actions"))) {
                if (action.contains("*")) {
                    offending.add(where + ": " + action);
                }
            }
        });
        assertThat(offending).as("wildcard actions").isEmpty();
    }

    @Test
    void everyStatementNamesItsActionsAndResourcesPositively() {
        policyStatements().forEach((where, statement) -> {
            assertThat(statement).as(where).doesNotContainKeys("not_actions", "not_resources", "not_principals");
            assertThat(strings(statement.get("actions")))
                    .as("%s actions", where)
                    .isNotEmpty();
            assertThat(statement.get("effect")).as("%s effect", where).hasToString("Allow");
            boolean trust = statement.containsKey("principals");
            if (!trust) {
                assertThat(strings(statement.get("resources")))
                        .as("%s resources", where)
                        .isNotEmpty();
            }
        });
    }

    @Test
    void resourceWildcardsOnlyWhereTheAllowListSaysWhy() {
        Map<String, List<String>> withWildcard = new TreeMap<>();
        policyStatements().forEach((where, statement) -> {
            List<String> wild = strings(statement.get("resources")).stream()
                    .filter(r -> r.contains("*"))
                    .toList();
            if (!wild.isEmpty()) {
                withWildcard.put(where, wild);
            }
            assertThat(strings(statement.get("resources")))
                    .as("%s: bare \"*\" resource", where)
                    .doesNotContain("*");
        });
        assertThat(withWildcard.keySet())
                .as(
                        "statements with a wildcard resource (allow-list them with a reason, or name the resource): %s",
                        withWildcard)
                .isSubsetOf(RESOURCE_WILDCARD_ALLOWED.keySet());
        assertThat(RESOURCE_WILDCARD_ALLOWED.keySet())
                .as("stale allow-list entries")
                .isSubsetOf(withWildcard.keySet());
    }

    @Test
    void everyPolicyComesFromACheckedPolicyDocument() {
        // Inline JSON or an AWS managed policy would escape the checks above.
        Map<String, String> attachments = new TreeMap<>();
        collect(attachments, "aws_iam_role", "assume_role_policy");
        collect(attachments, "aws_iam_role_policy", "policy");
        collect(attachments, "aws_iam_policy", "policy");
        assertThat(attachments).isNotEmpty();
        attachments.forEach((where, policy) -> assertThat(policy)
                .as(where)
                .startsWith("data.aws_iam_policy_document.")
                .endsWith(".json"));

        Map<String, String> policyArns = new TreeMap<>();
        collect(policyArns, "aws_iam_role_policy_attachment", "policy_arn");
        policyArns.forEach((where, arn) -> assertThat(arn).as(where).startsWith("aws_iam_policy."));
        assertThat(resources("aws_iam_user_policy")).isEmpty();
        assertThat(resources("aws_iam_group_policy")).isEmpty();
    }

    @Test
    void ingestPolicyOnlyWritesTheStream() {
        Map<String, Object> document = asMap(block("data", "aws_iam_policy_document", "ingest"));
        Set<String> actions = blocks(document.get("statement")).stream()
                .flatMap(s -> strings(s.get("actions")).stream())
                .collect(Collectors.toSet());
        assertThat(actions)
                .containsExactlyInAnyOrder(
                        "kinesis:PutRecords",
                        "kinesis:PutRecord",
                        "kinesis:DescribeStreamSummary",
                        "kinesis:ListShards",
                        "kms:GenerateDataKey");
    }

    @Test
    void eventSourceMappingMakesEveryFailureSettingExplicit() {
        Map<String, Object> mappings = resources("aws_lambda_event_source_mapping");
        assertThat(mappings).hasSize(1);
        Map<String, Object> esm = asMap(mappings.values().iterator().next());

        for (String setting : ESM_FAILURE_SETTINGS) {
            assertThat(esm.get(setting)).as(setting).isNotNull();
        }
        assertThat(strings(esm.get("function_response_types"))).containsExactly("ReportBatchItemFailures");
        assertThat(String.valueOf(esm.get("event_source_arn"))).startsWith("aws_kinesis_stream.");

        String onFailure = String.valueOf(
                asMap(asMap(esm.get("destination_config")).get("on_failure")).get("destination_arn"));
        assertThat(onFailure).startsWith("aws_sqs_queue.").endsWith(".arn");
        // The queue the mapping reports failed batches to is the one the function is told about.
        String queueUrl = String.valueOf(lambdaEnvironment().get(LambdaEnv.DEAD_LETTER_QUEUE_URL));
        assertThat(queueUrl).isEqualTo(onFailure.replaceFirst("\\.arn$", ".url"));
    }

    @Test
    void tradesTableHasTheKeysAndTtlTheCodeWrites() {
        Map<String, Object> table = asMap(block("resource", "aws_dynamodb_table", "trades"));
        assertThat(table.get("hash_key")).hasToString(TradesTable.PARTITION_KEY);
        assertThat(table.get("range_key")).hasToString(TradesTable.SORT_KEY);
        assertThat(attributeTypes(table))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        TradesTable.PARTITION_KEY, "S",
                        TradesTable.SORT_KEY, "S"));

        Map<String, Object> ttl = asMap(table.get("ttl"));
        assertThat(ttl.get("attribute_name")).hasToString(TradesTable.EXPIRES_AT);
        assertThat(ttl.get("enabled")).isEqualTo(Boolean.TRUE);
        assertProtected(table);
    }

    @Test
    void barsTableHasTheKeysTheCodeWrites() {
        Map<String, Object> table = asMap(block("resource", "aws_dynamodb_table", "bars"));
        assertThat(table.get("hash_key")).hasToString(BarsTable.PARTITION_KEY);
        assertThat(table.get("range_key")).hasToString(BarsTable.SORT_KEY);
        assertThat(attributeTypes(table))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        BarsTable.PARTITION_KEY, "S",
                        BarsTable.SORT_KEY, "N"));
        assertProtected(table);
    }

    @Test
    void streamIsEncryptedWithKms() {
        Map<String, Object> streams = resources("aws_kinesis_stream");
        assertThat(streams).hasSize(1);
        Map<String, Object> stream = asMap(streams.values().iterator().next());
        assertThat(stream.get("encryption_type")).hasToString("KMS");
        assertThat(String.valueOf(stream.get("kms_key_id"))).startsWith("aws_kms_key.");
    }

    @Test
    void lambdaEnvironmentIsExactlyWhatLambdaEnvNamesForAws() {
        Set<String> expected = publicStringConstants(LambdaEnv.class).stream()
                .filter(name -> !LAMBDA_LOCAL_ONLY.contains(name))
                .collect(Collectors.toSet());
        assertThat(expected).contains(LambdaEnv.TRADES_TABLE, LambdaEnv.DEAD_LETTER_QUEUE_URL);
        assertThat(lambdaEnvironment().keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(lambdaEnvironment().keySet()).doesNotContainAnyElementsOf(LAMBDA_LOCAL_ONLY);
    }

    @Test
    void lambdaHandlerNamesTheHandlerClass() throws Exception {
        Map<String, Object> function = asMap(block("resource", "aws_lambda_function", "trade_storage"));
        assertThat(function.get("handler")).hasToString(LAMBDA_HANDLER);
        String[] classAndMethod = LAMBDA_HANDLER.split("::");
        Class<?> handler = Class.forName(classAndMethod[0]);
        assertThat(Arrays.stream(handler.getMethods()).map(Method::getName)).contains(classAndMethod[1]);
        assertThat(function.get("runtime")).isNotNull();
        assertThat(asMap(block("resource", "aws_cloudwatch_log_group", "lambda"))
                        .get("retention_in_days"))
                .isNotNull();
    }

    @Test
    void flinkPropertyGroupUsesTheJobsOptions() {
        Map<String, Object> app = asMap(block("resource", "aws_kinesisanalyticsv2_application", "bars"));
        assertThat(app.get("runtime_environment")).hasToString("FLINK-1_19");
        assertThat(app).as("the Flink stage must be optional (count)").containsKey("count");

        Map<String, Object> configuration = asMap(app.get("application_configuration"));
        Map<String, Object> group =
                asMap(asMap(configuration.get("environment_properties")).get("property_group"));
        assertThat(group.get("property_group_id")).hasToString(BarsJobOptions.PROPERTY_GROUP);

        // The job refuses a key it does not know, and the checkpoint interval on Managed Flink.
        Set<String> keys = asMap(group.get("property_map")).keySet();
        assertThat(keys)
                .isSubsetOf(BarsJobOptions.all().keySet())
                .contains(BarsJobOptions.STREAM_ARN.key(), BarsJobOptions.BARS_TABLE.key())
                .doesNotContainAnyElementsOf(FLINK_LOCAL_ONLY)
                .doesNotContain(BarsJobOptions.CHECKPOINT_INTERVAL.key());

        Map<String, Object> flink = asMap(configuration.get("flink_application_configuration"));
        assertThat(asMap(flink.get("checkpoint_configuration")).get("checkpointing_enabled"))
                .isEqualTo(Boolean.TRUE);
        assertThat(asMap(flink.get("parallelism_configuration")).get("parallelism"))
                .isNotNull();
    }

    @Test
    void flinkJobAlarmsNameTheJobsMetrics() {
        Map<String, Object> variable = asMap(asMap(stack.get("variable")).get("alarm_flink_job_metrics"));
        Set<String> metrics = publicStringConstants(BarsMetrics.class).stream()
                .filter(name -> !name.equals(BarsMetrics.MANAGED_FLINK_GROUP))
                .collect(Collectors.toSet());
        assertThat(asMap(variable.get("default")).keySet()).containsExactlyInAnyOrderElementsOf(metrics);

        Map<String, Object> flink = asMap(asMap(asMap(block("resource", "aws_kinesisanalyticsv2_application", "bars"))
                        .get("application_configuration"))
                .get("flink_application_configuration"));
        assertThat(asMap(flink.get("monitoring_configuration")).get("metrics_level"))
                .hasToString("var.flink_metrics_level");
        assertThat(asMap(asMap(stack.get("variable")).get("flink_metrics_level"))
                        .get("default"))
                .isEqualTo("OPERATOR");
    }

    @Test
    void everyVariableHasATypeAndADescription() {
        Map<String, Object> variables = asMap(stack.get("variable"));
        assertThat(variables).isNotEmpty();
        variables.forEach((name, body) -> {
            Map<String, Object> variable = asMap(body);
            assertThat(variable.get("type")).as("type of variable %s", name).isNotNull();
            assertThat(Objects.toString(variable.get("description"), ""))
                    .as("description of variable %s", name)
                    .isNotBlank();
        });
    }

    @Test
    void everyOutputHasADescription() {
        Map<String, Object> outputs = asMap(stack.get("output"));
        assertThat(outputs)
                .containsKeys(
                        "kinesis_stream_name",
                        "kinesis_stream_arn",
                        "trades_table_name",
                        "bars_table_name",
                        "dead_letter_queue_url",
                        "ingest_command");
        outputs.forEach((name, body) -> assertThat(Objects.toString(asMap(body).get("description"), ""))
                .as("description of output %s", name)
                .isNotBlank());
    }

    // ---------------------------------------------------------------------------------------------

    /** Every statement of every aws_iam_policy_document, keyed "document/sid" (or "document/#index"). */
    private static Map<String, Map<String, Object>> policyStatements() {
        Map<String, Map<String, Object>> statements = new TreeMap<>();
        Map<String, Object> documents = asMap(asMap(stack.get("data")).get("aws_iam_policy_document"));
        assertThat(documents).as("aws_iam_policy_document data sources").isNotEmpty();
        documents.forEach((document, body) -> {
            List<Map<String, Object>> list = blocks(asMap(body).get("statement"));
            assertThat(list).as("statements of %s", document).isNotEmpty();
            for (int i = 0; i < list.size(); i++) {
                Object sid = list.get(i).get("sid");
                String key = document + "/" + (sid == null ? "#" + i : sid);
                assertThat(statements.put(key, list.get(i)))
                        .as("duplicate statement %s", key)
                        .isNull();
            }
        });
        return statements;
    }

    private static Map<String, Object> lambdaEnvironment() {
        Map<String, Object> function = asMap(block("resource", "aws_lambda_function", "trade_storage"));
        return asMap(asMap(function.get("environment")).get("variables"));
    }

    private static Map<String, String> attributeTypes(Map<String, Object> table) {
        Map<String, String> types = new LinkedHashMap<>();
        for (Map<String, Object> attribute : blocks(table.get("attribute"))) {
            types.put(String.valueOf(attribute.get("name")), String.valueOf(attribute.get("type")));
        }
        return types;
    }

    private static void assertProtected(Map<String, Object> table) {
        assertThat(asMap(table.get("point_in_time_recovery")).get("enabled")).isEqualTo(Boolean.TRUE);
        assertThat(asMap(table.get("server_side_encryption")).get("enabled")).isEqualTo(Boolean.TRUE);
        assertThat(table).containsKey("billing_mode");
    }

    private static void collect(Map<String, String> into, String type, String attribute) {
        resources(type)
                .forEach((name, body) ->
                        into.put(type + "." + name, String.valueOf(asMap(body).get(attribute))));
    }

    /** The public static String constants of a names class, read through its public API. */
    private static Set<String> publicStringConstants(Class<?> names) {
        Set<String> values = new HashSet<>();
        for (Field field : names.getFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers) && field.getType() == String.class) {
                try {
                    values.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return values;
    }

    @Test
    void lakeTablesHaveTheColumnsTheJobWrites() {
        Map<String, Object> tables = asMap(asMap(stack.get("locals")).get("lake_tables"));
        Map<String, List<String>> columns = new TreeMap<>();
        tables.forEach((name, table) -> columns.put(
                name,
                blocks(asMap(table).get("columns")).stream()
                        .map(c -> String.valueOf(c.get("name")))
                        .toList()));
        assertThat(columns)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(LakeLayout.TRADES, LakeLayout.TRADE_COLUMNS, LakeLayout.BARS, LakeLayout.BAR_COLUMNS));
    }

    private static Map<String, Object> resources(String type) {
        return asMap(asMap(stack.get("resource")).get(type));
    }

    /**
     * Every environment variable the ingest's ECS task sets is one the ingest reads: a name it does not
     * know is silently ignored (INGEST_JOURNAL_DIR once was, and the journal was not on EFS).
     * Terraform writes the container definitions with jsonencode, which the HCL parser leaves
     * unevaluated, so they are read from the text.
     */
    @Test
    void theIngestTaskSetsOnlyVariablesTheIngestReads() throws Exception {
        String tf = Files.readString(terraformDir.resolve("ingest.tf"));
        Matcher container = Pattern.compile("name\\s*=\\s*\"ingest\"").matcher(tf);
        assertThat(container.find()).as("the ingest container in ingest.tf").isTrue();
        String definition = tf.substring(container.end(), tf.indexOf("mountPoints", container.end()));
        Set<String> given = new TreeSet<>();
        Matcher variable =
                Pattern.compile("\\{\\s*name\\s*=\\s*\"([A-Z0-9_]+)\"").matcher(definition);
        while (variable.find()) {
            given.add(variable.group(1));
        }
        Set<String> read = new TreeSet<>();
        for (java.lang.reflect.Field f : IngestConfig.Env.class.getFields()) {
            read.add((String) f.get(null));
        }

        assertThat(given).contains(IngestConfig.Env.TOKEN, IngestConfig.Env.STREAM, IngestConfig.Env.JOURNAL_DIR);
        assertThat(read).containsAll(given);
    }

    private static Object block(String kind, String type, String name) {
        Object body = asMap(asMap(stack.get(kind)).get(type)).get(name);
        assertThat(body).as("%s %s.%s in %s", kind, type, name, terraformDir).isNotNull();
        return body;
    }

    /**
     * Adds the blocks of one file to the stack: resources and data sources by type then name,
     * everything else (variables, outputs, locals, ...) by name. A name defined twice fails.
     */
    private static void addToStack(String kind, Object blocks, Path file) {
        Map<String, Object> byKind = asMap(stack.computeIfAbsent(kind, k -> new LinkedHashMap<>()));
        if (TYPED_KINDS.contains(kind)) {
            asMap(blocks)
                    .forEach((type, named) -> putNew(
                            asMap(byKind.computeIfAbsent(type, t -> new LinkedHashMap<>())),
                            asMap(named),
                            kind + " " + type,
                            file));
        } else {
            // Several blocks of one kind in one file (two locals blocks, say) come back as a list.
            blocks(blocks).forEach(block -> putNew(byKind, block, kind, file));
        }
    }

    private static void putNew(Map<String, Object> into, Map<String, Object> named, String what, Path file) {
        named.forEach((name, body) -> assertThat(into.put(name, body))
                .as("%s %s defined twice (again in %s)", what, name, file)
                .isNull());
    }

    private static List<Map<String, Object>> blocks(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(TerraformConventionsTest::asMap).toList();
        }
        return List.of(asMap(value));
    }

    private static List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        if (value == null) {
            return Map.of();
        }
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
