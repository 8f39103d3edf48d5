using GapLab.Interactive.Commands;

namespace GapLab.Interactive.Tests;

public class ThrottledDisplayTests
{
    [Fact]
    public void Updates_inside_the_interval_are_dropped_unless_forced()
    {
        var ctx = new RecordingMagicContext();
        var display = new ThrottledDisplay(ctx, "start", TimeSpan.FromHours(1));
        display.Update("dropped");
        display.Update("forced", force: true);
        display.Update("dropped too");
        Assert.Equal(["forced"], ctx.Updates);
        Assert.Equal(1, display.Updates);
        Assert.Equal("forced", ctx.Displayed.Single());
    }

    [Fact]
    public void With_a_zero_interval_every_update_is_drawn()
    {
        var ctx = new RecordingMagicContext();
        var display = new ThrottledDisplay(ctx, "start", TimeSpan.Zero);
        for (int i = 0; i < 5; i++) display.Update(i);
        Assert.Equal([0, 1, 2, 3, 4], ctx.Updates.Cast<int>().ToArray());
    }
}
