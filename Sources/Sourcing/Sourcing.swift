// One import for other Swift tools: `import Sourcing` brings every layer.
@_exported import LinearSolver
@_exported import SourcingAnalysis
@_exported import SourcingModel
@_exported import SourcingOutput
@_exported import SourcingScenario
@_exported import Spreadsheet
