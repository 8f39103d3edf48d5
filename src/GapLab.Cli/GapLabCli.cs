namespace GapLab.Cli;

/// <summary>Entry point of the <c>gaplab</c> command (commands are added in Commands/).</summary>
public static class GapLabCli
{
    public static int Run(string[] args)
    {
        var info = GapLab.Runtime.TorchEnvironment.Apply(new GapLab.Runtime.TorchSettings());
        Console.WriteLine(info);
        return 0;
    }
}
