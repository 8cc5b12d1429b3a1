package flox.strategy.samples.internal.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The "new parameters" log line shows the tunables as the configuration spells them, never scaled integers. */
class ParametersTextTest {
    @Test
    void shouldLogTheMarketMakersParametersAsDecimalsAtTheSymbolsScale() {
        assertEquals("quote.size=0.00100 max.inventory=0.01000 spread.bps=0 spread.ticks=4 skew.bps=0 skew.ticks=1"
                + " requote.threshold.bps=0 requote.threshold.ticks=3 reject.cooldown.ms=250", MarketMakerComponent.text(MarketMakerComponent.DEFAULTS, 5));
    }

    @Test
    void shouldLogExactDecimalsWhenTheSymbolIsNotKnownYet() {
        MarketMaker.Params p = new MarketMaker.Params(12_345L, 100_000_000L, 250, 4, 1_050, 1, 0, 3, 250_000_000L);
        assertEquals("quote.size=0.00012345 max.inventory=1 spread.bps=2.5 spread.ticks=4 skew.bps=10.5 skew.ticks=1"
                + " requote.threshold.bps=0 requote.threshold.ticks=3 reject.cooldown.ms=250", MarketMakerComponent.text(p, -1));
    }

    @Test
    void shouldLogTheMomentumTakersParametersAsDecimals() {
        assertEquals("lookback=20 threshold.bps=5 size=0.010 holding.ms=2000 slippage.ticks=2 reject.cooldown.ms=250",
                MomentumTakerComponent.text(MomentumTakerComponent.DEFAULTS, 3));
    }
}
