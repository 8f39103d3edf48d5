namespace GapLab.IO;

/// <summary>The one mapping between GapLab's enums and the lower-case words users type, read and store ("log", "dataset", "completed").</summary>
public static class EnumText
{
    /// <summary>The word of <paramref name="value"/>: its name in lower case.</summary>
    public static string Text<T>(this T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    /// <summary>The value named <paramref name="text"/> (case-insensitive), or an <see cref="ArgumentException"/> listing the accepted words.</summary>
    public static T Parse<T>(string? text, string option) where T : struct, Enum =>
        Enum.TryParse<T>(text?.Trim(), ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(text, out _) ? value
            : throw new ArgumentException($"{option} = '{text}' is invalid: accepted {string.Join(", ", Enum.GetValues<T>().Select(v => v.Text()))}.");

    /// <summary>The value whose word (<see cref="Text{T}"/>) is exactly <paramref name="word"/>, or null (a word this version does not know).</summary>
    public static T? FromWord<T>(string? word) where T : struct, Enum =>
        Enum.TryParse<T>(word, ignoreCase: true, out var value) && value.Text() == word ? value : null;
}
