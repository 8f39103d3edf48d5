namespace GapLab.Testbed;

/// <summary>The stages of a testbed run in order ("distort", "backbone", "probe", "tradeoff" as text).</summary>
public enum TestbedStage
{
    /// <summary>Distorting the test images to each SSIM level.</summary>
    Distort,
    /// <summary>Training a backbone on the seen classes.</summary>
    Backbone,
    /// <summary>Training a linear probe for an unseen-class count.</summary>
    Probe,
    /// <summary>Marginals and the trade-off point.</summary>
    TradeOff,
}
