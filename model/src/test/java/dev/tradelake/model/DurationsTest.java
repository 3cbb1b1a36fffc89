package dev.tradelake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void readsANumberAndAUnitZeroIncluded() {
        assertThat(Durations.parseMs("0s")).isZero();
        assertThat(Durations.parseMs("500ms")).isEqualTo(500);
        assertThat(Durations.parseMs(" 2M ")).isEqualTo(120_000);
        assertThat(Durations.parseMs("1d")).isEqualTo(86_400_000);
    }

    @Test
    void refusesWhatIsNotOneNumberAndOneUnitNamingTheText() {
        for (String text : new String[] {"90", "1 m", "1.5s", "-1s", "2w", "PT1H", "99999999999999999999ms"}) {
            assertThatThrownBy(() -> Durations.parseMs(text))
                    .as(text)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(text);
        }
    }
}
