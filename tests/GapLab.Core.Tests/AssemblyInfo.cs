// libtorch's global generator and thread pool are process-wide: tests run one at a time so seeded results are exact.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
