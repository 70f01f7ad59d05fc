package dev.segmentlog.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SamplesTest {

    private static Samples spread(int n, long seed) {
        Random random = new Random(seed);
        Samples samples = new Samples(n);
        for (int i = 0; i < n; i++) {
            samples.add(1_000_000 + (long) (random.nextGaussian() * 100_000));
        }
        return samples;
    }

    @Test
    void median_ofOneSample_hasNoError() {
        Samples one = new Samples(1);
        one.add(42_000);

        assertEquals(42.0, one.median().score());
        assertEquals(0.0, one.median().error());
    }

    @Test
    void median_errorNarrowsAsSamplesGrow() {
        double few = spread(25, 1).median().error();
        double many = spread(2_500, 1).median().error();

        assertTrue(few > 0 && many > 0, few + " / " + many);
        assertTrue(many < few / 4, "error of 2,500 samples " + many + " µs is not well below 25 samples' " + few);
    }

    @Test
    void median_errorOfIdenticalSamples_isZero() {
        Samples same = new Samples(50);
        for (int i = 0; i < 50; i++) {
            same.add(7_000);
        }

        assertEquals(7.0, same.median().score());
        assertEquals(0.0, same.median().error());
    }
}
