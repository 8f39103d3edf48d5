using System.Globalization;
using System.Text.RegularExpressions;

namespace GapLab.Weights;

/// <summary>
/// The stratified training subset a saved model was trained on, read from its safetensors metadata: the keys
/// <c>gaplab.train_size</c> / <c>gaplab.train_seed</c> (written by <c>gaplab run</c>), or, for older files, the
/// "[stratified n=N,seed=S]" suffix of <c>gaplab.dataset</c>. Null when the model saw the whole training set or the file does not say.
/// </summary>
public sealed record TrainingSubset(int Size, int Seed)
{
    public const string SizeKey = "gaplab.train_size";
    public const string SeedKey = "gaplab.train_seed";

    /// <summary>The two metadata entries that record this subset.</summary>
    public IEnumerable<KeyValuePair<string, string>> ToMetadata() =>
        [new(SizeKey, Size.ToString(CultureInfo.InvariantCulture)), new(SeedKey, Seed.ToString(CultureInfo.InvariantCulture))];

    public static TrainingSubset? FromMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (metadata.TryGetValue(SizeKey, out var size) && metadata.TryGetValue(SeedKey, out var seed))
            return new TrainingSubset(int.Parse(size, CultureInfo.InvariantCulture), int.Parse(seed, CultureInfo.InvariantCulture));
        if (metadata.TryGetValue("gaplab.dataset", out var dataset)
            && Regex.Match(dataset, @"\[stratified n=(\d+),seed=(-?\d+)\]") is { Success: true } m)
            return new TrainingSubset(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        return null;
    }
}
