package main

import "github.com/spf13/cobra"

func showCmd(g *globals) *cobra.Command {
	return notYet("show", "Show the history of a person or a company")
}
