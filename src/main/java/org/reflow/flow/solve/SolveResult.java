package org.reflow.flow.solve;

import java.util.List;
import java.util.Optional;
import org.reflow.data.Points;

/**
 * What a solve produced and what it cost.
 *
 * @param points the state at the end time t1 (Z1 when integrating from 0 to 1)
 * @param evaluations the number of calls to {@link VelocityField#evaluate} (NFE), each on the
 *     whole batch
 * @param acceptedSteps steps taken: the grid size for fixed-step solvers
 * @param rejectedSteps steps tried and discarded by error control; always 0 for fixed-step solvers
 * @param trajectory when requested, the state at t0 and after every accepted step, in time order
 *     (first at t0, last equal to {@code points} at t1); empty when not requested
 */
public record SolveResult(
    Points points,
    int evaluations,
    int acceptedSteps,
    int rejectedSteps,
    Optional<List<TrajectoryState>> trajectory) {

  public SolveResult {
    trajectory = trajectory.map(List::copyOf);
  }
}
