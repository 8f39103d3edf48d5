namespace GapLab.Data;

/// <summary>
/// Fashion-MNIST (Xiao, Rasul and Vollgraf 2017, arXiv:1708.07747): 28x28 grey images of 10 clothing classes,
/// 60,000 train and 10,000 test, in the MNIST IDX layout (<see cref="MnistLayout"/>).
/// </summary>
public static class FashionMnist
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs the four .gz files.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";
    public const string Name = "fashion-mnist";
    public const string HowToGet = "Install them with `apt-get install dataset-fashion-mnist` (into " + DefaultDirectory +
                                   ") or pass --data DIR with the files from https://github.com/zalandoresearch/fashion-mnist.";

    public static readonly IReadOnlyList<string> ClassNames = new[]
    {
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    };

    /// <summary>Loads the full set from <paramref name="dir"/> (default <see cref="DefaultDirectory"/>).</summary>
    public static DatasetSplit Load(string? dir = null) =>
        MnistLayout.Load(dir ?? DefaultDirectory, Name, ClassNames, "Fashion-MNIST", HowToGet);
}
