package dev.tradelake.launcher.tables;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/** Reads a time as epoch milliseconds or ISO 8601 (date, date-time with or without offset: UTC). */
public final class TimeArgument implements CommandLine.ITypeConverter<Long> {

    @Override
    public Long convert(String text) {
        return parse(text);
    }

    public static long parse(String text) {
        String s = text.trim();
        if (s.matches("-?\\d{1,19}")) {
            return Long.parseLong(s);
        }
        try {
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(s)
                            .atStartOfDay()
                            .toInstant(ZoneOffset.UTC)
                            .toEpochMilli();
                } catch (DateTimeParseException notDate) {
                    throw new CommandLine.TypeConversionException("'" + text
                            + "' is neither epoch milliseconds nor ISO 8601 (2013-10-07, 2013-10-07T13:30:00Z)");
                }
            }
        }
    }

    public static String format(long epochMs) {
        return Instant.ofEpochMilli(epochMs).toString();
    }
}
