using GapLab.Data;

namespace GapLab.Core.Tests.Data;

public class ClassSplitTests
{
    // 8 one-feature samples whose feature is their index; labels below, classes a..d.
    static readonly int[] Labels = { 0, 1, 2, 3, 2, 1, 0, 3 };
    static Dataset Tiny() => new("tiny", Enumerable.Range(0, 8).Select(i => (float)i).ToArray(), Labels, new[] { 1 }, new[] { "a", "b", "c", "d" });

    [Fact]
    public void SeenUnseen_keeps_original_labels_and_order()
    {
        var (seen, unseen) = ClassSplit.SeenUnseen(Tiny(), new[] { 2, 0 });
        Assert.Equal(new float[] { 0, 2, 4, 6 }, seen.Features);
        Assert.Equal(new[] { 0, 2, 2, 0 }, seen.Labels);
        Assert.Equal(new float[] { 1, 3, 5, 7 }, unseen.Features);
        Assert.Equal(new[] { 1, 3, 1, 3 }, unseen.Labels);
        Assert.Equal(new[] { "a", "b", "c", "d" }, seen.ClassNames);
        Assert.Equal("tiny[seen]", seen.Name);
    }

    [Fact]
    public void SeenPlusUnseen_remaps_seen_first_then_first_k_unseen()
    {
        var d = ClassSplit.SeenPlusUnseen(Tiny(), seen: new[] { 2, 0 }, unseenOrder: new[] { 3, 1 }, k: 1);
        // class 2 -> 0, class 0 -> 1, class 3 -> 2; class 1 dropped
        Assert.Equal(new float[] { 0, 2, 3, 4, 6, 7 }, d.Features);
        Assert.Equal(new[] { 1, 0, 2, 0, 1, 2 }, d.Labels);
        Assert.Equal(new[] { "c", "a", "d" }, d.ClassNames);

        var all = ClassSplit.SeenPlusUnseen(Tiny(), new[] { 2, 0 }, new[] { 3, 1 }, k: 2);
        Assert.Equal(new[] { 1, 3, 0, 2, 0, 3, 1, 2 }, all.Labels);
        Assert.Equal(new[] { "c", "a", "d", "b" }, all.ClassNames);

        var none = ClassSplit.SeenPlusUnseen(Tiny(), new[] { 1 }, new[] { 0 }, k: 0);
        Assert.Equal(new[] { 0, 0 }, none.Labels);
        Assert.Equal(new[] { "b" }, none.ClassNames);
    }

    [Fact]
    public void Bad_class_lists_are_rejected_with_the_value()
    {
        var t = Tiny();
        Assert.Contains("Class 1 is in both", Assert.Throws<ArgumentException>(() => ClassSplit.SeenPlusUnseen(t, new[] { 0, 1 }, new[] { 1, 2 }, 1)).Message);
        Assert.Contains("[0, 2]", Assert.Throws<ArgumentOutOfRangeException>(() => ClassSplit.SeenPlusUnseen(t, new[] { 0 }, new[] { 1, 2 }, 3)).Message);
        Assert.Contains("Class 4 is outside [0, 3]", Assert.Throws<ArgumentOutOfRangeException>(() => ClassSplit.SeenUnseen(t, new[] { 4 })).Message);
        Assert.Contains("Class 0 is listed twice", Assert.Throws<ArgumentException>(() => ClassSplit.SeenUnseen(t, new[] { 0, 0 })).Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => ClassSplit.SeenUnseen(t, Array.Empty<int>())).Message);
    }
}
