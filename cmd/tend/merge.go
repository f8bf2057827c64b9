package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func mergeCmd(g *globals) *cobra.Command {
	var nowFlag string
	cmd := &cobra.Command{
		Use:   "merge A B",
		Short: "Merge two people: B is the same person as A",
		Long: `Merge makes B's person part of A's: every address and interaction of B
now belongs to A. A and B are each an address, a person id or a unique part
of a name. The correction is kept as a rule, so it survives every later sync
and a rebuilt index (see "tend userdata export").`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return g.withControl(ctx, nowFlag, func(ctl control) error {
				a, err := ctl.person(ctx, args[0])
				if err != nil {
					return err
				}
				b, err := ctl.person(ctx, args[1])
				if err != nil {
					return err
				}
				if a.ID == b.ID {
					fmt.Fprintf(g.stdout, "Already one person: %s\n", describe(a))
					return nil
				}
				if err := ctl.st.Merge(ctx, a.ID, b.ID, ctl.now); err != nil {
					return err
				}
				p, err := ctl.st.FindPerson(ctx, a.Email)
				if err != nil {
					return err
				}
				fmt.Fprintf(g.stdout, "Merged into %s\n", describe(p))
				return nil
			})
		},
	}
	nowFlagVar(cmd, &nowFlag)
	return cmd
}

func splitCmd(g *globals) *cobra.Command {
	var nowFlag string
	cmd := &cobra.Command{
		Use:   "split EMAIL",
		Short: "Split an address off into a person of its own",
		Long: `Split moves one address, with its interactions, into a person of its own,
and remembers that it is not the same person as the addresses it was merged
with: automatic merging never joins them again.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return g.withControl(ctx, nowFlag, func(ctl control) error {
				id, changed, err := ctl.st.Split(ctx, args[0], ctl.now)
				if err != nil {
					if isNoPerson(err) {
						return usageError{err}
					}
					return err
				}
				p, err := ctl.st.FindPerson(ctx, fmt.Sprint(id))
				if err != nil {
					return err
				}
				if !changed {
					fmt.Fprintf(g.stdout, "Already a person of its own: %s\n", describe(p))
					return nil
				}
				fmt.Fprintf(g.stdout, "Split off: %s\n", describe(p))
				return nil
			})
		},
	}
	nowFlagVar(cmd, &nowFlag)
	return cmd
}
