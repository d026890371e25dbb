// Public API of @skimmer/labelmodel: label models behind the LabelModel contract of @skimmer/core.
// Each module adds one `export *` line here.
