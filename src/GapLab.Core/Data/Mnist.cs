namespace GapLab.Data;

/// <summary>MNIST handwritten digits (LeCun et al. 1998): 28x28 grey images of the digits 0-9 in the IDX layout (<see cref="MnistLayout"/>).</summary>
public static class Mnist
{
    public const string Name = "mnist";
    public const string HowToGet = "Pass --data DIR with the four files from http://yann.lecun.com/exdb/mnist/ (or a mirror).";

    public static readonly IReadOnlyList<string> ClassNames = Enumerable.Range(0, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    public static DatasetSplit Load(string dir) => MnistLayout.Load(dir, Name, ClassNames, "MNIST", HowToGet);
}
