NAME = "tool in a namespace package"
