namespace GapLab.Jobs;

/// <summary>
/// Which front end offers a job parameter. Almost every parameter is <see cref="Both"/>; the others are where the two front ends
/// take their inputs differently (the CLI reads saved files, a notebook names its variables) and say why in
/// <see cref="JobParameter.FrontEndReason"/>.
/// </summary>
public enum JobFrontEnd
{
    Both,
    Cli,
    Notebook,
}
